#pragma once

#include "Result.h"
#include "WireTypes.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class AppEnrolmentDialog;
class ApiClient;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;
class QWidget;

/// An aidant of the managed organisation, as the référent sees them: identity, organisations,
/// OTP devices, last login, and every action of docs/referent.md on them. Each action's answer
/// is shown at once; changed() asks the lists to refresh from the server.
class AidantPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AidantPage)

public:
    explicit AidantPage(ApiClient *api, QWidget *parent = nullptr);
    ~AidantPage() override;

    /// The organisations the référent manages (the organisations' checkboxes).
    void setManagedOrganisations(const QList<ManagedOrganisation> &organisations);
    /// Shows @p aidant of @p organisationId, then reads them again from the server.
    void showAidant(qint64 organisationId, const ReferentAidant &aidant);
    /// Removes every personal detail (locked or closed session).
    void clear();
    qint64 aidantId() const { return m_aidant.id; }
    const ReferentAidant &aidant() const { return m_aidant; }
    /// The app enrolment dialog while it is open (also the tests' hook).
    AppEnrolmentDialog *appDialog() const;

signals:
    void backRequested();
    /// Something changed on the server: the lists must be read again.
    void changed();
    /// The aidant is no longer a member of the organisation: back to the lists, with @p message.
    void leftOrganisation(const QString &message);

private:
    QPushButton *addButton(const QString &text, const QString &name, const QString &accessibleName,
        QWidget *parent, QLayout *layout);
    QLineEdit *addLineEdit(const QString &label, const QString &name, const QString &accessibleName,
        QWidget *parent, QFormLayout *layout);
    void setAidant(const ReferentAidant &aidant);
    void setBusy(bool busy);
    void showError(const QString &message);
    void showStatus(const QString &message);
    /// The answer of an action: the aidant as it is now, or the error.
    void handleAnswer(const Result<ReferentAidant> &result, const QString &successMessage);
    const OtpDeviceSummary *device(const QString &kind) const;

    void associateCard();
    void validateCard();
    void dissociateCard();
    void enrolApp();
    void removeApp();
    void removeFromOrganisation();
    void reactivate();
    void saveOrganisations();
    void toggleReferent();

    ApiClient *m_api;
    /// The context of the requests in flight: replaced by clear(), so that no answer fills the page again.
    QObject *m_requests = nullptr;
    qint64 m_organisationId = 0;
    ReferentAidant m_aidant;
    QList<ManagedOrganisation> m_managed;
    bool m_busy = false;

    QLabel *m_titleLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_emailLabel = nullptr;
    QLabel *m_professionLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_organisationsLabel = nullptr;
    QLabel *m_devicesLabel = nullptr;
    QLabel *m_lastLoginLabel = nullptr;

    QLabel *m_cardStateLabel = nullptr;
    QWidget *m_associateWidget = nullptr;
    QLineEdit *m_serialEdit = nullptr;
    QWidget *m_validateWidget = nullptr;
    QLineEdit *m_cardCodeEdit = nullptr;
    QWidget *m_dissociateWidget = nullptr;
    QComboBox *m_reasonComboBox = nullptr;
    QLineEdit *m_detailsEdit = nullptr;

    QLabel *m_appStateLabel = nullptr;
    QPushButton *m_enrolAppButton = nullptr;
    QPushButton *m_removeAppButton = nullptr;
    QPointer<AppEnrolmentDialog> m_appDialog;

    QGroupBox *m_organisationsGroup = nullptr;
    QVBoxLayout *m_organisationsLayout = nullptr;
    QList<QCheckBox *> m_organisationCheckBoxes;
    QPushButton *m_saveOrganisationsButton = nullptr;

    QLabel *m_roleLabel = nullptr;
    QPushButton *m_referentButton = nullptr;

    QPushButton *m_removeButton = nullptr;
    QWidget *m_confirmRemoveWidget = nullptr;
    QPushButton *m_confirmRemoveButton = nullptr;
    QPushButton *m_reactivateButton = nullptr;
    QList<QWidget *> m_actionWidgets;
};
