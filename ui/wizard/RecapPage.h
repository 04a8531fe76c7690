#pragma once

#include <QPointer>
#include <QWizardPage>

class MandatWizard;
class QLabel;
class QLineEdit;
class QPushButton;
class WrappingCheckBox;

/// Step 4: the mandat's recap, the usager's consents and the aidant's signature with a fresh code.
class RecapPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecapPage)

public:
    explicit RecapPage(MandatWizard *wizard);
    ~RecapPage() override;

    void initializePage() override;
    bool isComplete() const override;
    /// Signs the draft on the server; the wizard moves on when the mandat is saved. Errors stay
    /// on this page (a wrong code clears the code field only).
    bool validatePage() override;

private:
    void setBusy(bool busy);
    void showDraftPreview();
    /// The consent boxes' statements, naming the usager.
    void setConsentStatements(const QString &usager);

    MandatWizard *m_wizard = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QLabel *m_demarchesLabel = nullptr;
    QLabel *m_durationLabel = nullptr;
    QLabel *m_remoteLabel = nullptr;
    QLabel *m_argentWarningLabel = nullptr;
    QLabel *m_consentIntroLabel = nullptr;
    QPushButton *m_previewButton = nullptr;
    WrappingCheckBox *m_informationCheckBox = nullptr;
    WrappingCheckBox *m_remoteConsentCheckBox = nullptr;
    QLineEdit *m_codeLineEdit = nullptr;
    QLabel *m_errorLabel = nullptr;
    bool m_busy = false;
    /// Where the keyboard was when the request left, to come back there.
    QPointer<QWidget> m_focusBeforeBusy;
    bool m_signed = false;
};
