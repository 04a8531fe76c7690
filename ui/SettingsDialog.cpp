#include "SettingsDialog.h"

#include "PageHelpers.h"
#include "Settings.h"
#include "ui_SettingsDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>

SettingsDialog::SettingsDialog(Settings *settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    m_ui->errorLabel->hide();
    m_ui->serverUrlLineEdit->setText(settings->serverUrl().toString());
    m_ui->caCertificateLineEdit->setText(settings->caCertificateFile());

    const bool locked = settings->isServerLocked();
    m_ui->lockedLabel->setVisible(locked);
    m_ui->serverUrlLineEdit->setReadOnly(locked);
    m_ui->caCertificateLineEdit->setReadOnly(locked);
    m_ui->browsePushButton->setEnabled(!locked);
    if (locked) {
        m_ui->buttonBox->setStandardButtons(QDialogButtonBox::Close);
    } else {
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Enregistrer"));
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Enregistrer les paramètres"));
        m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setText(tr("Annuler"));
        m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Annuler"));
    }
    if (QPushButton *close = m_ui->buttonBox->button(QDialogButtonBox::Close)) {
        close->setText(tr("Fermer"));
        close->setAccessibleName(tr("Fermer"));
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_ui->browsePushButton, &QPushButton::clicked, this, &SettingsDialog::browse);
}

SettingsDialog::~SettingsDialog() = default;

QString SettingsDialog::validateServerUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return tr("Saisissez une adresse qui commence par https:// (ou http:// pour un essai), "
                  "par exemple https://aidants-connect.exemple.fr");
    if (url.hasQuery() || url.hasFragment())
        return tr("L'adresse du serveur ne doit contenir ni « ? » ni « # ».");
    return QString();
}

void SettingsDialog::accept()
{
    if (m_settings->isServerLocked()) {
        QDialog::accept();
        return;
    }
    const QUrl url(m_ui->serverUrlLineEdit->text().trimmed(), QUrl::StrictMode);
    const QString urlError = validateServerUrl(url);
    if (!urlError.isEmpty()) {
        PageHelpers::showError(m_ui->errorLabel, urlError);
        m_ui->serverUrlLineEdit->setFocus();
        return;
    }
    const QString caFile = m_ui->caCertificateLineEdit->text().trimmed();
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable()) {
        PageHelpers::showError(
            m_ui->errorLabel, tr("Le fichier du certificat d'autorité est introuvable ou illisible."));
        m_ui->caCertificateLineEdit->setFocus();
        return;
    }
    m_settings->setServerUrl(url);
    m_settings->setCaCertificateFile(caFile);
    m_settings->sync();
    QDialog::accept();
}

void SettingsDialog::browse()
{
    auto *dialog = new QFileDialog(this, tr("Choisir le certificat d'autorité"),
        QFileInfo(m_ui->caCertificateLineEdit->text()).absolutePath(),
        tr("Certificats PEM (*.pem *.crt *.cer);;Tous les fichiers (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        m_ui->caCertificateLineEdit->setText(QDir::toNativeSeparators(file));
    });
    dialog->open();
}
